using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlexiAI.Tests.Simulator;

/// <summary>The simulator on a <see cref="FakeTimeProvider"/>: injected delays pass only when a test advances <see cref="Clock"/>.</summary>
public sealed class FakeClockSimulatorFixture : SimulatorFixture
{
    /// <summary>The simulator's clock.</summary>
    public FakeTimeProvider Clock { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
