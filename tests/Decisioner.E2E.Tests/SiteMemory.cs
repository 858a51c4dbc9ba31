using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Decisioner.E2E.Tests;

/// <summary>The site's <c>/diagnostics/memory</c> endpoint, on when <c>Diagnostics:Enabled</c> is true, for admins only.</summary>
internal sealed partial class SiteMemory(HttpClient http)
{
    public sealed record Reading(long GcHeapBytes, long WorkingSetBytes, int OpenCircuits);

    /// <summary>
    /// A reader signed in as an admin made with <c>users add</c>: it signs in with the printed password and
    /// chooses its own, as a new admin would. Its cookies are kept by hand, so that it also works against a
    /// site in Production over plain http (whose staff cookie is marked Secure).
    /// </summary>
    public static async Task<SiteMemory> ForAdminAsync(string baseUrl, string email, string printedPassword)
    {
        var http = new HttpClient(new CookieJar(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })) { BaseAddress = new Uri(baseUrl) };
        await PostFormAsync(http, "/account/sign-in", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = printedPassword });
        await PostFormAsync(http, "/account/password", "password", new() { ["Input.Current"] = printedPassword, ["Input.New"] = "a password for measuring memory" });
        return new SiteMemory(http);
    }

    /// <summary>GC heap after a full collection, working set and open circuits.</summary>
    public async Task<Reading> MeasureAsync() => (await http.GetFromJsonAsync<Reading>("/diagnostics/memory"))!;

    /// <summary>
    /// A closed tab usually ends its circuit at once; one whose goodbye was lost is dropped when the
    /// retention period (one minute, see Program.cs) runs out, so wait up to a little longer than that.
    /// </summary>
    public async Task WaitForNoCircuitsAsync()
    {
        for (var i = 0; i < 90 && (await MeasureAsync()).OpenCircuits != 0; i++)
        {
            await Task.Delay(1000);
        }
    }

    private static async Task PostFormAsync(HttpClient http, string path, string form, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(path);
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        fields["_handler"] = form;
        var response = await http.PostAsync(path, new FormUrlEncodedContent(fields));
        if ((int)response.StatusCode != 302)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}, not a redirect: the admin could not sign in");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Keeps every cookie the site sets and sends them all back, Secure or not.</summary>
    private sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_cookies)
            {
                if (_cookies.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
                }
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                lock (_cookies)
                {
                    foreach (var pair in set.Select(c => c.Split(';')[0].Split('=', 2)).Where(p => p.Length == 2))
                    {
                        _cookies[pair[0]] = pair[1];
                    }
                }
            }

            return response;
        }
    }
}
