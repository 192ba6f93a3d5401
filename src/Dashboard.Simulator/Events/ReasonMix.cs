using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Events;

/// <summary>
/// Disconnect reasons in roughly the proportions a large fleet shows: mostly clean and transport
/// disconnects, a minority of session conflicts, kicks and authorisation failures.
/// </summary>
internal static class ReasonMix
{
    private static readonly (string Reason, int Weight)[] Weights =
    [
        (EmqxReasonNames.Normal, 30),
        (EmqxReasonNames.TcpClosed, 25),
        (EmqxReasonNames.KeepaliveTimeout, 20),
        (EmqxReasonNames.TakenOver, 7),
        (EmqxReasonNames.Discarded, 5),
        (EmqxReasonNames.Kicked, 5),
        (EmqxReasonNames.NotAuthorized, 4),
        (EmqxReasonNames.InternalError, 4),
    ];

    private static readonly int TotalWeight = Weights.Sum(w => w.Weight);

    public static int Count => Weights.Length;

    public static string Name(int index) => Weights[index].Reason;

    public static int Pick(Random random)
    {
        int roll = random.Next(TotalWeight);
        for (int i = 0; i < Weights.Length; i++)
        {
            roll -= Weights[i].Weight;
            if (roll < 0)
            {
                return i;
            }
        }

        return Weights.Length - 1;
    }
}
