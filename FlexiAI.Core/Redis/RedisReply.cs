namespace FlexiAI.Redis;

/// <summary>The result of a call through <see cref="RedisAccess"/>: the value when Redis answered in time.</summary>
public readonly record struct RedisReply<T>(RedisOutcome Outcome, T? Value)
{
    /// <summary>Redis answered in time and <see cref="Value"/> is its answer.</summary>
    public bool Answered => Outcome == RedisOutcome.Answered;
}
