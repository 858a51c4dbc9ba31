using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Decisioner.Web.Security;

/// <summary>What a staff endpoint tells the sender when its form cannot be taken, in that endpoint's words.</summary>
/// <param name="BadToken">The antiforgery token is missing or out of date: what to do instead.</param>
/// <param name="NotAForm">The body is not a form, or not a readable one: how to send it.</param>
/// <param name="TooLarge">The body is over the endpoint's size limit.</param>
public sealed record FormRefusals(string BadToken, string NotAForm, string TooLarge);

/// <summary>
/// The form posted to a staff endpoint that requires an antiforgery token (<see cref="RequireAntiforgeryTokenAttribute"/>),
/// or the refusal as problem details. The antiforgery middleware checks the token and leaves its verdict; to find the
/// token it may have read the form and met a body over the limit, or one that is not a form, and those are said as such
/// rather than as a bad token.
/// </summary>
public static class PostedForm
{
    public static async Task<(IFormCollection? Form, ProblemHttpResult? Problem)> ReadAsync(HttpContext http, FormRefusals refusals)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(refusals);
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } antiforgery)
        {
            return (null, antiforgery.Error?.InnerException switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(refusals),
                // A body that ends inside a part, or that is not the form it says it is.
                IOException or InvalidDataException => NotAForm(refusals),
                _ => Refused(StatusCodes.Status400BadRequest, "Refused", refusals.BadToken),
            });
        }

        if (!http.Request.HasFormContentType)
        {
            return (null, NotAForm(refusals));
        }

        try
        {
            return (await http.Request.ReadFormAsync(http.RequestAborted), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(refusals));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return (null, NotAForm(refusals));
        }
    }

    private static ProblemHttpResult TooLarge(FormRefusals refusals) => Refused(StatusCodes.Status413PayloadTooLarge, "Too large", refusals.TooLarge);

    private static ProblemHttpResult NotAForm(FormRefusals refusals) => Refused(StatusCodes.Status400BadRequest, "Form expected", refusals.NotAForm);

    private static ProblemHttpResult Refused(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
