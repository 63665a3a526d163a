using FlexiAI.Web.Gateway;

namespace FlexiAI.Web.Components.Breakers;

/// <summary>One replica's view of one provider; <see cref="Status"/> is none when it does not report that provider.</summary>
public sealed record BoardCell(ReplicaReport Replica, ProviderStatus? Status);
