namespace FlexiAI.Api.Caching;

/// <summary>A cached answer: the provider that produced it, its content type and bytes, and its form.</summary>
internal sealed record CachedAnswer(string Provider, string ContentType, ReadOnlyMemory<byte> Body, CacheEntryKind Kind);
