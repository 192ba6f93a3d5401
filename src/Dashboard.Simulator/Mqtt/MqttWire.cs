using System.Text;

namespace Dashboard.Simulator.Mqtt;

/// <summary>
/// The MQTT 3.1.1 packets the raw-socket devices need, written by hand: a library client
/// would ping, answer and disconnect politely, which is exactly what those devices must not do.
/// </summary>
internal static class MqttWire
{
    public const int ConnAckLength = 4;

    /// <summary>PINGREQ: a device that is alive but has nothing to say sends this within its keepalive.</summary>
    public static readonly byte[] PingReq = [0xC0, 0x00];

    private const byte ConnectType = 0x10;
    private const byte ConnAckType = 0x20;
    private const byte ProtocolLevel311 = 4;
    private const byte UsernameFlag = 0x80;
    private const byte PasswordFlag = 0x40;
    private const byte CleanSessionFlag = 0x02;

    public static byte[] Connect(string clientId, string? username, string? password, ushort keepaliveSeconds, bool cleanSession)
    {
        byte flags = cleanSession ? CleanSessionFlag : (byte)0;
        var body = new List<byte>(64);
        AddString(body, "MQTT");
        body.Add(ProtocolLevel311);
        if (username is not null)
        {
            flags |= UsernameFlag;
        }

        if (password is not null)
        {
            flags |= PasswordFlag;
        }

        body.Add(flags);
        body.Add((byte)(keepaliveSeconds >> 8));
        body.Add((byte)keepaliveSeconds);
        AddString(body, clientId);
        if (username is not null)
        {
            AddString(body, username);
        }

        if (password is not null)
        {
            AddString(body, password);
        }

        var packet = new List<byte>(body.Count + 5) { ConnectType };
        AddRemainingLength(packet, body.Count);
        packet.AddRange(body);
        return packet.ToArray();
    }

    /// <summary>The CONNACK return code (0 = accepted), or an exception when the bytes are no CONNACK.</summary>
    public static byte ReadConnAckReturnCode(ReadOnlySpan<byte> connAck)
    {
        if (connAck.Length != ConnAckLength || connAck[0] != ConnAckType || connAck[1] != 2)
        {
            throw new InvalidDataException($"expected a CONNACK, got {Convert.ToHexString(connAck)}");
        }

        return connAck[3];
    }

    private static void AddString(List<byte> target, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        target.Add((byte)(bytes.Length >> 8));
        target.Add((byte)bytes.Length);
        target.AddRange(bytes);
    }

    // MQTT's variable-length integer: 7 bits per byte, high bit set while more bytes follow.
    private static void AddRemainingLength(List<byte> target, int length)
    {
        do
        {
            byte digit = (byte)(length % 128);
            length /= 128;
            target.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
    }
}
