using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Web;

/// <summary>
/// Settings of the web UI (section <c>Ui</c>). Under the AppHost every default fits: the gateway and the simulator
/// are found by Aspire service discovery. Run on its own, point it at them:
/// <c>Ui__Gateway=http://localhost:5080 Ui__Simulator=http://localhost:5070</c>.
/// </summary>
public sealed class WebUiOptions
{
    public const string Section = "Ui";

    /// <summary>Base address of the gateway. Default <c>https+http://gateway</c> (service discovery).</summary>
    [Required]
    public Uri Gateway { get; set; } = new("https+http://gateway");

    /// <summary>
    /// Base address of the simulator's control API, or none to hide the fault controls. Default
    /// <c>https+http://simulator</c> when service discovery knows a <c>simulator</c> (<c>services:simulator</c>), else none.
    /// </summary>
    public Uri? Simulator { get; set; }

    /// <summary>Client key sent as <c>Authorization: Bearer</c> on chat calls when the gateway requires one. Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Admin key sent on <c>/cluster</c> and the provider admin calls when the gateway requires one. Default none.</summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Whether every page asks its operator to sign in with a gateway admin key first (checked against the gateway's
    /// <c>GET /admin/key</c>, then a cookie session). Default true; the AppHost sets false when it runs the app for
    /// development, so the tour needs no key. The UI's own calls still use <see cref="AdminKey"/>, not the operator's key.
    /// </summary>
    public bool RequireSignIn { get; set; } = true;

    /// <summary>How long a session lasts without a request (sliding: each page load renews it). Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the breaker board asks the gateway for <c>/cluster</c>. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How much history the timeline keeps and draws. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan TimelineWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Width of one bar of the timeline. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TimelineBucket { get; set; } = TimeSpan.FromSeconds(5);
}
