using System.Text.Json;
using System.Text.Json.Serialization;

namespace Decisioner.Web.Api;

/// <summary>
/// The API's JSON shapes, generated at build time. Request bodies are bound through it (it heads the
/// app's JSON resolver chain). Answers are written with this context's own options
/// (<c>TypedResults.Json(value, ApiJsonContext.Default.X)</c>), which lets the generated fast path
/// write each object directly instead of walking metadata (docs/performance.md has the figures).
/// Web defaults (camelCase), as the contract's examples are written; the default escaping, so '&amp;',
/// '&lt;', '&gt;' and non-ASCII text arrive as \uXXXX escapes, which any JSON reader decodes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationRequest))]
[JsonSerializable(typeof(RecommendationDto))]
[JsonSerializable(typeof(QuestionnaireDto))]
[JsonSerializable(typeof(IEnumerable<QuestionnaireSummary>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
