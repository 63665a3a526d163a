using FlexiAI.Api.Caching;

namespace FlexiAI.Api.Messages;

/// <summary>Where a Messages answer that may be cached goes: the cache, its key and the route's TTL.</summary>
internal sealed record MessagesCacheEntry(ResponseCache Cache, string Key, TimeSpan Ttl);
