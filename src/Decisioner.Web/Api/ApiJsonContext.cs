using System.Text.Json;
using System.Text.Json.Serialization;

namespace Decisioner.Web.Api;

/// <summary>
/// The API's JSON shapes, generated at build time: no reflection on the first request and less work
/// on every one. Web defaults (camelCase), as the contract's examples are written.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationDto))]
[JsonSerializable(typeof(QuestionnaireDto))]
[JsonSerializable(typeof(IEnumerable<QuestionnaireSummary>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
