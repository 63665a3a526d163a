using FlexiAI.Web.Simulator;

namespace FlexiAI.Tests.Web;

/// <summary>The fault buttons and the simulator's fault bodies.</summary>
public sealed class FaultChoicesTests
{
    [Theory]
    [InlineData(FaultChoice.Ok, "ok")]
    [InlineData(FaultChoice.Error500, "error")]
    [InlineData(FaultChoice.RateLimit, "rate_limit")]
    [InlineData(FaultChoice.Timeout, "timeout")]
    [InlineData(FaultChoice.Slow, "slow")]
    [InlineData(FaultChoice.DropMidStream, "drop_mid_stream")]
    [InlineData(FaultChoice.KeyRejected, "auth")]
    public void Each_button_sets_a_fault_that_reads_back_as_the_same_button(FaultChoice choice, string mode)
    {
        var settings = choice.ToSettings();

        Assert.Equal(mode, settings.Mode);
        // As GET /faults returns it, with every default filled in.
        var stored = new FaultSettings(settings.Mode, settings.Status ?? 500, settings.RetryAfterS ?? 10, settings.LatencyMs ?? 0, 1.0, 2);
        Assert.Equal(choice, FaultChoices.FromSettings(stored));
    }

    [Fact]
    public void A_fault_set_elsewhere_is_described_rather_than_matched_to_a_button()
    {
        var partial = new FaultSettings("error", 503, 10, 0, 0.3, 2);

        Assert.Equal(FaultChoice.Other, FaultChoices.FromSettings(partial));
        Assert.Equal("error 503, 30 % of calls", FaultChoices.Describe(partial));
        Assert.Equal("healthy", FaultChoices.Describe(new FaultSettings("ok", 500, 10, 0, 1.0, 2)));
    }
}
