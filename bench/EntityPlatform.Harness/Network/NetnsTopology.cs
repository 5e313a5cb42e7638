namespace EntityPlatform.Harness.Network;

/// <summary>
/// The namespaces of one <c>--netns</c> run: a hub namespace holding bridge <c>br0</c>, a client namespace
/// (the harness process itself and its load), and one namespace per member, each attached to the bridge by a
/// veth pair whose hub end is <c>v-&lt;tag&gt;</c>. Everything is on 10.213.&lt;octet&gt;.0/24, which the root
/// namespace blackholes, so no packet for these addresses can leave the machine (DEPENDENCIES.md safety rule).
/// Names carry the creating PID, so a later run can tell a crashed run's leftovers from a live run's.
/// </summary>
public sealed record NetnsTopology(int OwnerPid, int Octet, int MemberCount)
{
    public const string Prefix = "ep-h-";
    public const string ClientTag = "c";

    /// <summary>The member count is bounded so member addresses (.1 to .N) stay below the client's .100.</summary>
    public const int MaxMembers = 9;

    public string Subnet => $"10.213.{Octet}.0/24";

    public string Hub => Name("hub");

    public string Client => Name(ClientTag);

    public string ClientAddress => $"10.213.{Octet}.100";

    public IEnumerable<string> MemberTags => Enumerable.Range(1, MemberCount).Select(MemberTag);

    public IEnumerable<string> AllNamespaces => MemberTags.Append(ClientTag).Select(Name).Append(Hub);

    public static string MemberTag(int member) => $"n{member}";

    public string MemberNamespace(int member) => Name(MemberTag(CheckMember(member)));

    public string MemberAddress(int member) => $"10.213.{Octet}.{CheckMember(member)}";

    /// <summary>The hub end of a namespace's veth pair (interface names are limited to 15 characters).</summary>
    public static string HubLink(string tag) => $"v-{tag}";

    public string Name(string tag) => $"{Prefix}{OwnerPid}-{Octet}-{tag}";

    /// <summary>The form the parent passes to the child it re-executes: <c>pid:octet:members</c>.</summary>
    public override string ToString() => $"{OwnerPid}:{Octet}:{MemberCount}";

    public static NetnsTopology Parse(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 3 && int.TryParse(parts[0], out var pid) && int.TryParse(parts[1], out var octet) && octet is >= 1 and <= 254
            && int.TryParse(parts[2], out var members) && members is >= 1 and <= MaxMembers
            ? new NetnsTopology(pid, octet, members)
            : throw new ArgumentException($"--netns-child is '{text}'; expected pid:octet:members as written by the --netns parent");
    }

    private int CheckMember(int member) => member >= 1 && member <= MemberCount
        ? member
        : throw new ArgumentOutOfRangeException(nameof(member), member, $"members are 1 to {MemberCount}");
}
