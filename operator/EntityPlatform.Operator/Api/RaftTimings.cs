using System.ComponentModel;
using EntityPlatform.Operator.Crd;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Api;

[Description("Raft timings; elections start after electionTicks ticks without a leader heartbeat.")]
[Rule("self.electionTicks > self.heartbeatTicks",
    "raft.electionTicks must be greater than raft.heartbeatTicks, or followers start elections between heartbeats")]
public sealed class RaftTimings
{
    [Default(EntityTypeContract.DefaultTickMs)]
    [Minimum(EntityTypeContract.MinTickMs)]
    [Maximum(EntityTypeContract.MaxTickMs)]
    [Description("Length of one Raft tick in milliseconds.")]
    public int? TickMs { get; set; }

    [Default(EntityTypeContract.DefaultElectionTicks)]
    [Minimum(2)]
    [Maximum(1000)]
    [Description("Ticks without a heartbeat before a follower campaigns.")]
    public int? ElectionTicks { get; set; }

    [Default(EntityTypeContract.DefaultHeartbeatTicks)]
    [Minimum(1)]
    [Maximum(100)]
    [Description("Ticks between leader heartbeats.")]
    public int? HeartbeatTicks { get; set; }
}
