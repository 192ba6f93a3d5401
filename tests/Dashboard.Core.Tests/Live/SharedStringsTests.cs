using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

public sealed class SharedStringsTests
{
    [Fact]
    public void Clients_with_equal_usernames_and_nodes_hold_one_copy()
    {
        var clients = new OnlineClients(100, TimeSpan.FromHours(1));

        // Each event brings its own string, as the parser makes one per payload.
        foreach (var id in new[] { "a", "b" })
        {
            clients.Apply(Connected(id, 1000, username: new string("device".AsSpan())) with { Node = new string("emqx@n1".AsSpan()) });
        }

        var a = clients.Get("a")!;
        var b = clients.Get("b")!;
        Assert.Same(a.Username, b.Username);
        Assert.Same(a.Node, b.Node);
    }

    [Fact]
    public void Past_its_capacity_values_are_kept_as_they_came()
    {
        var shared = new SharedStrings(capacity: 1);
        var first = shared.Share(new string("x".AsSpan()));
        var other = new string("y".AsSpan());

        Assert.Same(first, shared.Share(new string("x".AsSpan())));
        Assert.Same(other, shared.Share(other));
        Assert.NotSame(other, shared.Share(new string("y".AsSpan())));
        Assert.Null(shared.Share(null));
    }
}
