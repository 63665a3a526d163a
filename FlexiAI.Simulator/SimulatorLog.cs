using FlexiAI.Simulator.Faults;

namespace FlexiAI.Simulator;

/// <summary>Log messages of the simulator. Request and answer text is never logged.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "Simulating provider {Provider} ({Protocol}, default model {Model}) at /{Provider}/v1")]
    public static partial void ProviderReady(ILogger logger, string provider, string protocol, string model);

    [LoggerMessage(2, LogLevel.Information, "Fault on {Provider} set to {Mode} (status {Status}, retry after {RetryAfterS} s, latency {LatencyMs} ms, rate {ErrorRate}, after {AfterChunks} chunks)")]
    public static partial void FaultSet(ILogger logger, string provider, FaultMode mode, int status, int retryAfterS, int latencyMs, double errorRate, int afterChunks);

    [LoggerMessage(3, LogLevel.Information, "Faults cleared on {Scope}")]
    public static partial void FaultsCleared(ILogger logger, string scope);

    [LoggerMessage(4, LogLevel.Information, "Stats reset")]
    public static partial void StatsReset(ILogger logger);

    [LoggerMessage(5, LogLevel.Debug, "Injecting {Mode} into call {Call} to {Provider}")]
    public static partial void FaultInjected(ILogger logger, FaultMode mode, long call, string provider);

    [LoggerMessage(6, LogLevel.Debug, "Rejected call {Call} to {Provider}: {Reason}")]
    public static partial void BadRequest(ILogger logger, long call, string provider, string reason);

    [LoggerMessage(7, LogLevel.Debug, "Call {Call} to {Provider} hung for {Seconds} s; dropping the connection")]
    public static partial void HangExpired(ILogger logger, long call, string provider, int seconds);
}
