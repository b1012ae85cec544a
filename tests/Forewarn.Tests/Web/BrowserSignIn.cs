using Microsoft.Playwright;

namespace Forewarn.Tests.Web;

public static class BrowserSignIn
{
    /// <summary>
    /// Opens <paramref name="path"/>, is sent to the sign-in page, signs in there as a person would and lands back on
    /// <paramref name="path"/>: the real cookie flow, return URL included.
    /// </summary>
    public static async Task SignInAsync(this IPage page, string email, string path, string password = Seed.Password)
    {
        await page.GotoAsync(path);
        await page.WaitForURLAsync("**/signin?ReturnUrl=*");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form.signin-form button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
    }
}
