using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace Forewarn.Tests.Web;

/// <summary>
/// Waits for the navigation a user action causes and, when it does not come, fails with what the browser did in the
/// meantime (requests, responses, failures, frame navigations, console, page errors), so a failure in CI says whether
/// the browser never asked, the server never answered, or the page went elsewhere.
/// </summary>
/// <remarks>
/// Arrival is the URL committed and then the document's own <c>readyState</c> "complete" (read in the page), not
/// Playwright's "load" lifecycle event: with Debian's Chromium that event was, rarely, never reported although the page
/// had loaded (seen with the trace below: response 200, frame navigated, stylesheet and script loaded, readyState
/// complete, and no "load" within a minute), which is what made the browser tests flaky under load.
/// <para>
/// On a heavily loaded machine a user action was, rarely, followed by nothing at all: no request left the browser
/// within a minute (seen in CI on the selector and on the sign-in button). When no navigation request has left the
/// browser after <see cref="QuietMs"/>, the action is done once more (<c>again</c>, default the same action) and noted in
/// the trace; a server that does not answer, answers wrongly or redirects elsewhere is never retried.
/// </remarks>
public static class BrowserNavigation
{
    public const float QuietMs = 15_000;

    public static async Task NavigateAsync(this IPage page, Func<Task> action, Func<string, bool> arrived, string expected,
        float timeoutMs = 60_000, Func<Task>? again = null)
    {
        var navigationRequested = false;
        var trace = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        void Note(string what) => trace.Enqueue($"{clock.ElapsedMilliseconds,6} ms  {what}");
        void OnRequest(object? _, IRequest r)
        {
            if (r.IsNavigationRequest && r.Frame == page.MainFrame) navigationRequested = true;
            Note($"request  {r.Method} {r.Url}{(r.IsNavigationRequest ? " (navigation)" : "")}");
        }
        void OnResponse(object? _, IResponse r) => Note($"response {r.Status} {r.Url}");
        void OnFailed(object? _, IRequest r) => Note($"failed   {r.Url}: {r.Failure}");
        void OnNavigated(object? _, IFrame f) => Note($"frame    {f.Url}");
        void OnConsole(object? _, IConsoleMessage m) => Note($"console  {m.Type}: {m.Text}");
        void OnError(object? _, string e) => Note($"error    {e}");
        void OnLoad(object? _, IPage p) => Note("load");
        page.Request += OnRequest; page.Response += OnResponse; page.RequestFailed += OnFailed;
        page.FrameNavigated += OnNavigated; page.Console += OnConsole; page.PageError += OnError; page.Load += OnLoad;
        try
        {
            Note($"action on {page.Url}");
            await action();
            Note("action returned");
            try
            {
                await page.WaitForURLAsync(url => arrived(url), new() { Timeout = Math.Min(QuietMs, timeoutMs), WaitUntil = WaitUntilState.Commit });
            }
            catch (TimeoutException) when (timeoutMs > QuietMs)
            {
                if (!navigationRequested)
                {
                    Note("no navigation request left the browser: the action once more");
                    await (again ?? action)();
                }
                await page.WaitForURLAsync(url => arrived(url), new() { Timeout = timeoutMs - QuietMs, WaitUntil = WaitUntilState.Commit });
            }
            Note("arrived (committed)");
            await page.WaitForLoadedAsync(timeoutMs);
        }
        catch (TimeoutException e)
        {
            string state;
            try { state = await page.EvaluateAsync<string>("() => document.readyState + ' ' + location.href"); }
            catch (PlaywrightException pe) { state = "page did not answer: " + pe.Message; }
            throw new TimeoutException(
                $"No navigation to {expected} within {timeoutMs / 1000:0} s; the page is at {page.Url} ({state}). What the browser did:\n"
                + string.Join("\n", trace), e);
        }
        finally
        {
            page.Request -= OnRequest; page.Response -= OnResponse; page.RequestFailed -= OnFailed;
            page.FrameNavigated -= OnNavigated; page.Console -= OnConsole; page.PageError -= OnError; page.Load -= OnLoad;
        }
    }

    /// <summary>Waits until the document in the page says it has loaded (see the remarks on the class).</summary>
    public static async Task WaitForLoadedAsync(this IPage page, float timeoutMs = 60_000) =>
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null,
            new() { Timeout = timeoutMs, PollingInterval = 100 });

    /// <summary>Opens <paramref name="path"/> and waits as <see cref="WaitForLoadedAsync"/> does, not for the "load" event.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForLoadedAsync();
    }

    /// <summary>As above, arriving when the URL's path and query are exactly <paramref name="pathAndQuery"/>.</summary>
    public static Task NavigateAsync(this IPage page, Func<Task> action, string pathAndQuery, float timeoutMs = 60_000, Func<Task>? again = null) =>
        page.NavigateAsync(action, url => new Uri(url).PathAndQuery == pathAndQuery, pathAndQuery, timeoutMs, again);
}
