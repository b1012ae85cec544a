using Microsoft.Playwright;

namespace Forewarn.Tests.Web;

public static class BrowserSignIn
{
    /// <summary>
    /// Opens <paramref name="path"/>, is sent to the sign-in page, signs in there as a person would and lands back on
    /// <paramref name="path"/>: the real cookie flow, return URL included.
    /// </summary>
    /// <remarks>A click that sends nothing under heavy load is done once more (<see cref="BrowserNavigation"/>); a refusal fails, naming what the page says.</remarks>
    public static async Task SignInAsync(this IPage page, string email, string path, string password = Seed.Password)
    {
        await page.OpenAsync(path);
        await page.WaitForURLAsync("**/signin?ReturnUrl=*", new() { WaitUntil = WaitUntilState.Commit });
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        try
        {
            await page.NavigateAsync(() => page.ClickAsync("form.signin-form button[type=submit]"), path);
        }
        catch (TimeoutException e)
        {
            var said = await page.Locator("main").InnerTextAsync();
            throw new TimeoutException($"Sign-in as {email} did not land on {path}; the page at {page.Url} says: {said}\n{e.Message}", e);
        }
    }
}
