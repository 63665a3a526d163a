namespace FlexiAI.Protocols;

/// <summary>
/// What the gateway reads from a request it passes through: the <c>model</c> (and where its value sits in the body, for
/// the model swap) and whether the answer is streamed. Every other byte goes to the provider as sent.
/// </summary>
public abstract class ForwardedRequestInfo(string model, int modelStart, int modelEnd, bool stream)
{
    /// <summary>The <c>model</c> the caller sent.</summary>
    public string Model { get; } = model;

    /// <summary>Byte range of the <c>model</c> value token (quotes included) in the body.</summary>
    public int ModelStart { get; } = modelStart;

    /// <summary>Where the <c>model</c> value token ends.</summary>
    public int ModelEnd { get; } = modelEnd;

    /// <summary><c>stream: true</c>.</summary>
    public bool Stream { get; } = stream;
}
