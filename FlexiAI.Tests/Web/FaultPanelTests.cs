using Bunit;
using FlexiAI.Web.Components.Faults;
using FlexiAI.Web.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Web;

/// <summary>The fault controls as a component, over an in-memory simulator.</summary>
public sealed class FaultPanelTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Hidden_when_no_simulator_is_configured()
    {
        _context.Services.AddSingleton<IFaultControl>(new FakeFaultControl(available: false));

        var panel = _context.Render<FaultPanel>();

        Assert.Empty(panel.Markup.Trim());
    }

    [Fact]
    public void A_button_sets_that_fault_on_that_provider_and_shows_it_pressed()
    {
        var simulator = new FakeFaultControl();
        _context.Services.AddSingleton<IFaultControl>(simulator);
        var panel = _context.Render<FaultPanel>();
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll(".fault").Count));

        panel.Find(".fault[data-provider='sim-openai'] button:nth-child(2)").Click();

        Assert.Equal(FaultChoice.Error500.ToSettings(), simulator.Faults["sim-openai"]);
        panel.WaitForAssertion(() =>
        {
            var pressed = panel.Find(".fault[data-provider='sim-openai'] button[aria-pressed='true']");
            Assert.Equal("Error 500", pressed.TextContent.Trim());
            Assert.Contains("error 500", panel.Find(".fault[data-provider='sim-openai'] .fault-now").TextContent);
        });
        Assert.Equal("ok", simulator.Faults["sim-anthropic"].Mode);

        panel.Find("button.btn").Click(); // All healthy
        Assert.Equal("ok", simulator.Faults["sim-openai"].Mode);
        panel.WaitForAssertion(() => Assert.Contains("healthy", panel.Find(".fault[data-provider='sim-openai'] .fault-now").TextContent));
    }
}
