using Decisioner.Web.Content;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Decisioner.Web.Caching;

/// <summary>
/// Pages that are the same bytes for every reader (home, guides, courses, results) are rendered once
/// per content version and then served from memory. The content version is part of the cache key, so a
/// saved edit is visible on the next request without any eviction. Each page is compressed once per
/// encoding a browser asks for, and that copy is what the cache keeps. Browsers get an ETag and
/// <c>Cache-Control: no-cache</c>: they may keep a copy but ask first, and an unchanged page costs a 304.
/// </summary>
public static class PageCache
{
    /// <summary>Pages whose address has no query: any query string is ignored for the cache key.</summary>
    public const string Pages = "pages";

    /// <summary>Pages whose query is their input (result pages): each distinct query is its own entry.</summary>
    public const string PagesByQuery = "pages-by-query";

    public static IServiceCollection AddPageCache(this IServiceCollection services) =>
        services
            .AddSingleton<IResponseCompressionProvider, PublicOnlyCompression>()
            .AddResponseCompression(options =>
            {
                // Public pages hold no secret the visitor does not already have, so compressing them over
                // HTTPS gives a BREACH-style attack nothing to find. Staff pages do (antiforgery tokens,
                // colleagues' emails, filters echoed from the address), so they are never compressed.
                options.EnableForHttps = true;
                options.Providers.Add<BrotliCompressionProvider>();
                options.Providers.Add<GzipCompressionProvider>();
            })
            .AddOutputCache(options =>
            {
                // A bound on memory: odd query strings can make entries, but never more than this much.
                options.SizeLimit = 64L * 1024 * 1024;
                options.MaximumBodySize = 1024 * 1024;
                options.AddPolicy(Pages, new ContentPagePolicy(varyByQuery: false));
                options.AddPolicy(PagesByQuery, new ContentPagePolicy(varyByQuery: true));
            });

    /// <summary>The cache, with compression inside it so compressed copies are what it stores.</summary>
    public static IApplicationBuilder UsePageCache(this IApplicationBuilder app) =>
        app.UseOutputCache().UseResponseCompression();

    /// <summary>The framework's choice of compression, except that a staff response is never compressed.</summary>
    private sealed class PublicOnlyCompression(IServiceProvider services, Microsoft.Extensions.Options.IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            !Staff.StaffArea.IsStaffRequest(context) && !context.Items.ContainsKey(StaffCopyKey) && base.ShouldCompressResponse(context);
    }

    /// <summary>
    /// A member of staff may see a page differently from the public (the result page's "Save this session"
    /// form in presenter mode). Such a request neither reads nor fills the cache, so a staff copy is never
    /// served to the public nor a public copy to staff; its answer is not kept by the browser or compressed.
    /// </summary>
    public static bool IsStaffVariant(HttpContext context) => Staff.StaffArea.IsStaffMember(context?.User);

    private static readonly object StaffCopyKey = new();

    /// <summary>
    /// Said by a page that renders something for staff only (a form with an antiforgery token), before it
    /// writes: its answer is neither compressed nor kept by the browser.
    /// </summary>
    public static void MarkStaffCopy(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[StaffCopyKey] = true;
        context.Response.Headers.CacheControl = "no-cache, no-store";
    }

    private sealed class ContentPagePolicy(bool varyByQuery) : IOutputCachePolicy
    {
        private const string VersionKey = "content";

        // Changes with every build of the site, so new templates never answer to an old ETag.
        private static readonly string Build = typeof(PageCache).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var cacheable = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
            var version = http.RequestServices.GetRequiredService<ContentStore>().Current.Version;
            if (IsStaffVariant(http))
            {
                // Rendered afresh, with no validator: a staff copy is never matched to a public one.
                context.EnableOutputCaching = false;
                http.Response.Headers.CacheControl = "no-cache";
                return ValueTask.CompletedTask;
            }

            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
            context.CacheVaryByRules.QueryKeys = varyByQuery ? "*" : default;
            context.CacheVaryByRules.VaryByValues[VersionKey] = version;
            // Compression runs inside the cache: each encoding is compressed once and stored.
            context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;

            // Set before the page renders: the cache keeps the headers as they are when the body starts.
            // The version is read before rendering, so the page is at least that new and its ETag never
            // names newer content than it holds. Weak, because the gzip, brotli and plain copies of a
            // page are the same page.
            var response = http.Response;
            response.Headers.ETag = $"W/\"{Build}-{version}\"";
            response.Headers.CacheControl = "no-cache";
            response.OnStarting(() =>
            {
                if (response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status304NotModified))
                {
                    // A 404 or an error page is not this page's content: no validator for it.
                    response.Headers.Remove(HeaderNames.ETag);
                }

                return Task.CompletedTask;
            });
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            // Only a plain success is shared: never an error, a redirect or anything that sets a cookie.
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}
