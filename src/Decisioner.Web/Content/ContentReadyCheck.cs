using Decisioner.Core.Questionnaires;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Decisioner.Web.Content;

/// <summary>Ready once content has loaded: at least one guide and the contract's questionnaire.</summary>
public sealed class ContentReadyCheck(ContentStore content) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = content.Current;
        var data = new Dictionary<string, object>
        {
            ["guides"] = snapshot.Guides.Count,
            ["questionnaires"] = snapshot.Questionnaires.Count,
            ["loadedAt"] = snapshot.LoadedAt,
        };

        return Task.FromResult(snapshot.Guides.Count > 0 && snapshot.FindQuestionnaire(QuizContract.QuestionnaireId) is not null
            ? HealthCheckResult.Healthy("content loaded", data)
            : HealthCheckResult.Unhealthy($"no guides or no '{QuizContract.QuestionnaireId}' questionnaire in {content.Root}", data: data));
    }
}
