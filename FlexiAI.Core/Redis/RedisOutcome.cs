namespace FlexiAI.Redis;

/// <summary>How a call through <see cref="RedisAccess"/> ended.</summary>
public enum RedisOutcome
{
    /// <summary>Redis answered in time; the reply holds its value.</summary>
    Answered,

    /// <summary>No call was made: Redis is not configured, or not connected now.</summary>
    NotConnected,

    /// <summary>Redis did not answer within the timeout (the command may still run).</summary>
    TimedOut,

    /// <summary>The call failed (connection lost mid-call, a server error, the client disposed).</summary>
    Failed,
}
