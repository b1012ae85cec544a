using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace Forewarn.Core.Delivery;

/// <summary>Renders an email's HTML part from a Razor component; Razor escapes every value by construction.</summary>
public sealed class EmailHtmlRenderer(IServiceProvider services, ILoggerFactory loggerFactory)
{
    /// <summary>
    /// A renderer per mail: an HtmlRenderer keeps every component it rendered until it is disposed, so a shared one
    /// grew without bound in a long-running server (bench/README.md measured ~0.7 MB per 1,000-row digest).
    /// </summary>
    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}
