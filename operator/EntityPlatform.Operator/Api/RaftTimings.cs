using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

[Description("Raft timings; elections start after electionTicks ticks without a leader heartbeat.")]
[Rule("self.electionTicks > self.heartbeatTicks",
    "raft.electionTicks must be greater than raft.heartbeatTicks, or followers start elections between heartbeats")]
public sealed class RaftTimings
{
    [Default(100)]
    [Minimum(10)]
    [Maximum(10000)]
    [Description("Length of one Raft tick in milliseconds.")]
    public int? TickMs { get; set; }

    [Default(10)]
    [Minimum(2)]
    [Maximum(1000)]
    [Description("Ticks without a heartbeat before a follower campaigns.")]
    public int? ElectionTicks { get; set; }

    [Default(1)]
    [Minimum(1)]
    [Maximum(100)]
    [Description("Ticks between leader heartbeats.")]
    public int? HeartbeatTicks { get; set; }
}
