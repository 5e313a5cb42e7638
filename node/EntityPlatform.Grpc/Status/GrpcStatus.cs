using System.Globalization;

namespace EntityPlatform.Grpc.Status;

/// <summary>A call's final status: the code and the human-readable detail of <c>grpc-message</c>.</summary>
public readonly record struct GrpcStatus(StatusCode Code, string Detail)
{
    public static readonly GrpcStatus Ok = new(StatusCode.OK, "");

    /// <summary>The decimal text of the code as it goes into <c>grpc-status</c>, cached for the common codes.</summary>
    internal static string CodeText(StatusCode code) => (uint)code < (uint)CodeTexts.Length
        ? CodeTexts[(int)code]
        : ((int)code).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>grpc-status</c>; an unparsable value is itself a protocol error.</summary>
    internal static bool TryParseCode(string? text, out StatusCode code)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            // Codes beyond the known range are still valid statuses; gRPC says to treat them as UNKNOWN.
            code = value <= (int)StatusCode.Unauthenticated ? (StatusCode)value : StatusCode.Unknown;
            return true;
        }
        code = StatusCode.Unknown;
        return false;
    }

    public override string ToString() => Detail.Length == 0 ? Code.ToString() : $"{Code}: {Detail}";

    private static readonly string[] CodeTexts =
        Enumerable.Range(0, 17).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
}
