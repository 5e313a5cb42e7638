using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Node.Security;

/// <summary>A certificate with its private key, as PEM text, and the loaded certificate for in-process use.</summary>
public sealed record IssuedCertificate(X509Certificate2 Certificate, string CertificatePem, string PrivateKeyPem)
{
    /// <summary>Writes <c>{name}.crt</c> and <c>{name}.key</c> into <paramref name="directory"/>; the key is readable by its owner only.</summary>
    public (string CertificatePath, string KeyPath) WriteTo(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        WriteAtomically(keyPath, PrivateKeyPem, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteAtomically(certificatePath, CertificatePem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return (certificatePath, keyPath);
    }

    // Readers that reload on change must never see half a file: write beside it, then rename over it.
    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, mode);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
