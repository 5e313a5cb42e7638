using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Node.Security;

/// <summary>
/// The uniformResourceIdentifier entries of a certificate's subject alternative names (RFC 5280 4.2.1.6:
/// GeneralName [6] IA5String). .NET's SAN extension type enumerates DNS names and addresses only.
/// </summary>
internal static class SubjectAlternativeUris
{
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static IEnumerable<string> Read(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            try
            {
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    if (names.PeekTag().HasSameClassAndValue(UriTag))
                    {
                        uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                // A malformed extension names nobody; the caller then finds no identity and refuses the certificate.
            }
        }

        return uris;
    }
}
