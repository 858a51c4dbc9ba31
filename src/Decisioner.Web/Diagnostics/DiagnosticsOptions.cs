namespace Decisioner.Web.Diagnostics;

/// <summary>The configuration section <c>Diagnostics</c>: the measurement endpoint, off unless asked for.</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>Serves <c>/diagnostics/memory</c> and counts circuits for it. For load measurements only.</summary>
    public bool Enabled { get; set; }
}
