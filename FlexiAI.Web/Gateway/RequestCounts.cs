namespace FlexiAI.Web.Gateway;

/// <summary>Calls a replica made to a provider since it started.</summary>
public sealed record RequestCounts(long Total, long Success, long Failure);
