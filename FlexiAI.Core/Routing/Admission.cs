using FlexiAI.Breakers;

namespace FlexiAI.Routing;

/// <summary>Whether a provider may be tried now: CLOSED, or as a recovery probe holding <see cref="Lease"/>; else when to retry.</summary>
internal readonly record struct Admission(bool Admitted, ProbeLease? Lease, DateTimeOffset? RetryAt)
{
    public static Admission Closed => new(true, null, null);
}
