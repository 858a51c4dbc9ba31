using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Decisioner.Web.Security;

/// <summary>
/// Antiforgery tokens only for pages that hold a form that needs one. The framework's provider, in an
/// app with interactive components, writes a token into every page it renders: a cookie and
/// <c>Cache-Control: no-store</c> on guides that have no form at all, which keeps them out of any cache.
/// Here a token is made when a form asks for it (<c>&lt;AntiforgeryToken /&gt;</c>, an
/// <c>EditForm</c> posting back), and antiforgery validation of posted forms is unchanged.
/// </summary>
internal sealed class OnDemandAntiforgeryStateProvider(IHttpContextAccessor accessor, IAntiforgery antiforgery) : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken()
    {
        // Inside a circuit there is no page response to carry a cookie: no token, as with the framework's provider.
        if (accessor.HttpContext is not { Response.HasStarted: false } context)
        {
            return null;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return tokens.RequestToken is null ? null : new AntiforgeryRequestToken(tokens.RequestToken, tokens.FormFieldName);
    }
}

public static class OnDemandAntiforgery
{
    /// <summary>Call after <c>AddRazorComponents</c>: it replaces the provider that registered.</summary>
    public static IServiceCollection AddOnDemandAntiforgery(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.RemoveAll<AntiforgeryStateProvider>();
        services.AddScoped<AntiforgeryStateProvider, OnDemandAntiforgeryStateProvider>();
        return services;
    }
}
