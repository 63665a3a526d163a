namespace FlexiAI.Simulator.Protocols;

/// <summary>What an embeddings request asks for.</summary>
/// <param name="Texts">The inputs, in order (a token array is read as its numbers joined by spaces).</param>
/// <param name="Dimensions">Length of each vector.</param>
/// <param name="Base64">Vectors as base64 of little-endian float32 (<c>encoding_format: base64</c>) instead of JSON numbers.</param>
internal sealed record EmbeddingsInput(IReadOnlyList<string> Texts, int Dimensions, bool Base64);
