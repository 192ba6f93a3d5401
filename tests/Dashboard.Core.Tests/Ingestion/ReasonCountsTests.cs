using Dashboard.Core.Ingestion;

namespace Dashboard.Core.Tests.Ingestion;

public sealed class ReasonCountsTests
{
    [Fact]
    public void Reasons_beyond_64_count_as_other_and_the_first_64_keep_counting()
    {
        var counts = new ReasonCounts();
        for (var i = 0; i < 100; i++)
        {
            counts.Add($"r{i}");
        }

        counts.Add("r0");
        counts.Add("r99");

        var snapshot = counts.Snapshot().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(ReasonCounts.MaxReasons + 1, snapshot.Count);
        Assert.Equal(2, snapshot["r0"]);
        Assert.Equal(100 - ReasonCounts.MaxReasons + 1, snapshot[ReasonCounts.Other]);
        Assert.Equal(102, snapshot.Values.Sum());
    }

    [Fact]
    public void A_missing_reason_is_unknown_and_a_reason_called_other_shares_the_overflow()
    {
        var counts = new ReasonCounts();
        counts.Add(null);
        counts.Add("");
        counts.Add(ReasonCounts.Other);

        var snapshot = counts.Snapshot().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(2, snapshot[ReasonCounts.Unknown]);
        Assert.Equal(1, snapshot[ReasonCounts.Other]);
    }
}
