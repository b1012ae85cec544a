using Microsoft.Playwright;

namespace Forewarn.Tests.Web;

public static class BrowserSignIn
{
    /// <summary>
    /// Opens <paramref name="path"/>, is sent to the sign-in page, signs in there as a person would and lands back on
    /// <paramref name="path"/>: the real cookie flow, return URL included.
    /// </summary>
    /// <remarks>
    /// On a heavily loaded machine the submit click was, rarely, not followed by a navigation at all (the page stayed
    /// on /signin with no error shown). The flow is then tried once more from the start; a real refusal fails both times
    /// and the assertion names what the page says.
    /// </remarks>
    public static async Task SignInAsync(this IPage page, string email, string path, string password = Seed.Password)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync(path);
            await page.WaitForURLAsync("**/signin?ReturnUrl=*");
            await page.FillAsync("#email", email);
            await page.FillAsync("#password", password);
            try
            {
                await page.NavigateAsync(() => page.ClickAsync("form.signin-form button[type=submit]"), path, 20_000);
                return;
            }
            catch (TimeoutException) when (attempt == 1)
            {
                // try once more, from the start
            }
            catch (TimeoutException e)
            {
                var said = await page.Locator("main").InnerTextAsync();
                throw new TimeoutException($"Sign-in as {email} did not land on {path}; the page at {page.Url} says: {said}\n{e.Message}", e);
            }
        }
    }
}
