namespace FlexiAI.Api.Health;

/// <summary>Which health endpoint runs a check: <c>/health/live</c>, <c>/health/ready</c>, or the full <c>/health</c> report.</summary>
public static class HealthTags
{
    /// <summary>ServiceDefaults' <c>self</c> check: the process serves.</summary>
    public const string Live = "live";

    public const string Ready = "ready";

    public const string Report = "report";
}
