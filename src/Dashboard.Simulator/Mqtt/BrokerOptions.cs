namespace Dashboard.Simulator.Mqtt;

/// <summary>Where the simulated clients connect: any MQTT broker, plain TCP or TLS.</summary>
public sealed class BrokerOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>Username for every connection; null means each tool's default device username.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    /// <summary>Accept any server certificate (self-signed test brokers). Only meaningful with TLS.</summary>
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option, prefixed with <paramref name="owner"/>.</summary>
    public void Validate(string owner)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException($"{owner}.Host must be a host name or IP address.", $"{owner}.Host");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"{owner}.Port must be between 1 and 65535, was {Port}.", $"{owner}.Port");
        }
    }
}
