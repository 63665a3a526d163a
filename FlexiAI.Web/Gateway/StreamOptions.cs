namespace FlexiAI.Web.Gateway;

/// <summary><c>stream_options</c>: ask for the usage chunk at the end of the stream.</summary>
public sealed record StreamOptions(bool IncludeUsage);
