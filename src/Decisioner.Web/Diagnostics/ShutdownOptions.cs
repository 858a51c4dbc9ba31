using System.ComponentModel.DataAnnotations;

namespace Decisioner.Web.Diagnostics;

/// <summary>The configuration section <c>Shutdown</c>: how long requests in flight may finish after SIGTERM.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    [Range(1, 600, ErrorMessage = "Shutdown:TimeoutSeconds must be between {1} and {2} seconds.")]
    public int TimeoutSeconds { get; set; } = 20;
}
