using System.Security.Cryptography.X509Certificates;
using EntityPlatform.Contracts.Security;

namespace EntityPlatform.Node.Security;

/// <summary>
/// The current certificate and trust bundle of one TLS identity, re-read from <see cref="CertificateFiles"/>
/// when they change, so that rotation needs no restart: new handshakes use the new files, open connections
/// keep theirs. Files are looked at no more often than every <c>checkInterval</c> (on the injected clock), and
/// only on use. A broken or half-written replacement is refused and the previous material stays in service,
/// with the reason in <see cref="LastReloadError"/>. Thread-safe: handshakes read it concurrently.
/// </summary>
public sealed class ReloadingCertificateSource
{
    private readonly CertificateFiles _files;
    private readonly TimeProvider _time;
    private readonly TimeSpan _checkInterval;
    private readonly object _reloadLock = new();
    private Material _current;
    private long _nextCheckTimestamp;
    private string? _lastReloadError;

    private sealed record Material(X509Certificate2 Certificate, TrustBundle Trust, string Stamp);

    /// <summary>Loads the files now; throws with the file and the reason when they are unusable at start.</summary>
    public ReloadingCertificateSource(CertificateFiles files, TimeSpan checkInterval, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(checkInterval, TimeSpan.Zero);
        _files = files;
        _time = time ?? TimeProvider.System;
        _checkInterval = checkInterval;
        _current = Load(files, Stamp(files));
        _nextCheckTimestamp = _time.GetTimestamp() + ToTimestampTicks(checkInterval);
    }

    /// <summary>Why the last attempt to load changed files failed; null when the files in service are the newest.</summary>
    public string? LastReloadError => Volatile.Read(ref _lastReloadError);

    /// <summary>How many times new material was taken into service after start.</summary>
    public int Reloads { get; private set; }

    public X509Certificate2 Certificate => Current().Certificate;

    public TrustBundle Trust => Current().Trust;

    private Material Current()
    {
        if (_time.GetTimestamp() >= Volatile.Read(ref _nextCheckTimestamp))
        {
            CheckForChanges();
        }

        return Volatile.Read(ref _current);
    }

    private void CheckForChanges()
    {
        lock (_reloadLock)
        {
            var now = _time.GetTimestamp();
            if (now < _nextCheckTimestamp)
            {
                return; // another thread checked meanwhile
            }

            _nextCheckTimestamp = now + ToTimestampTicks(_checkInterval);
            string stamp;
            try
            {
                stamp = Stamp(_files);
            }
            catch (IOException e)
            {
                Volatile.Write(ref _lastReloadError, e.Message);
                return;
            }

            if (stamp == _current.Stamp)
            {
                return;
            }

            try
            {
                Volatile.Write(ref _current, Load(_files, stamp));
                Volatile.Write(ref _lastReloadError, null);
                Reloads++;
            }
            catch (InvalidDataException e)
            {
                // Mid-rotation (the key written, the certificate not yet) or a bad file: keep serving the old
                // material; the next check tries again.
                Volatile.Write(ref _lastReloadError, e.Message);
            }
        }
    }

    private static Material Load(CertificateFiles files, string stamp)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(files.CertificatePath, files.KeyPath);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"certificate '{files.CertificatePath}' with key '{files.KeyPath}': expected a PEM certificate and its matching PEM private key ({e.Message})", e);
        }

        return new Material(certificate, TrustBundle.FromPemFile(files.CaBundlePath), stamp);
    }

    /// <summary>Size and modification time of every file: enough to notice a replacement without reading the files.</summary>
    private static string Stamp(CertificateFiles files) => string.Join('|', files.All.Select(path =>
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"TLS file '{path}' does not exist", path);
        }

        return $"{info.Length}:{info.LastWriteTimeUtc.Ticks}";
    }));

    private long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
