using FlexiAI.Routing;

namespace FlexiAI.Tests.Breakers;

public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("10", 10)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1.5)]
    [InlineData("999999", 3600)]
    [InlineData("Thu, 26 Nov 2026 12:00:30 GMT", 30)]
    public void Parses_seconds_and_dates_capped_at_an_hour(string value, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryAfterParser.Parse(value, Now));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    public void Ignores_values_it_cannot_read(string value) => Assert.Null(RetryAfterParser.Parse(value, Now));
}
