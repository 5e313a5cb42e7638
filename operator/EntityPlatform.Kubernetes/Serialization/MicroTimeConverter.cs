using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntityPlatform.Kubernetes.Serialization;

/// <summary>
/// metav1.MicroTime (Lease acquire and renew times): RFC 3339 with exactly six fractional digits, the
/// layout the API server validates.
/// </summary>
public sealed class MicroTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => false;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("A time must be a string.");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStringValue(value.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
