using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntityPlatform.Kubernetes.Serialization;

/// <summary>
/// metav1.Time: RFC 3339 in UTC with whole seconds ("2026-11-21T19:35:00Z"), which is what the API
/// server writes and what Go's parser expects.
/// </summary>
public sealed class TimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("A time must be a string.");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
