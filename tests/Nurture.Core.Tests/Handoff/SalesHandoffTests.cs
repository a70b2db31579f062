using Nurture.Core.Handoff;

namespace Nurture.Core.Tests.Handoff;

public class SalesHandoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static SalesHandoff Assigned() => new(Guid.NewGuid(), Guid.NewGuid(), "rep@acme.example", 30, Now) { Reason = "MQL" };

    [Fact]
    public void The_SLA_ladder_goes_reminded_reassigned_escalated_each_with_its_due_time()
    {
        var handoff = Assigned();
        Assert.Equal(Now.AddMinutes(30), handoff.DueAt);

        handoff.Remind(Now.AddMinutes(30));
        Assert.Equal((SlaStep.Reminded, Now.AddMinutes(60)), (handoff.SlaStep, handoff.DueAt));

        handoff.Reassign("other@acme.example", Now.AddMinutes(60));
        Assert.Equal((SlaStep.Reassigned, "other@acme.example", Now.AddMinutes(90)), (handoff.SlaStep, handoff.RepEmail, handoff.DueAt));

        handoff.Escalate();
        Assert.Equal((SlaStep.Escalated, (DateTimeOffset?)null), (handoff.SlaStep, handoff.DueAt));
        Assert.Throws<InvalidOperationException>(() => handoff.Escalate());
    }

    [Fact]
    public void A_step_out_of_order_is_refused()
    {
        var handoff = Assigned();

        Assert.Throws<InvalidOperationException>(() => handoff.Reassign("other@acme.example", Now));
        Assert.Throws<InvalidOperationException>(() => handoff.Escalate());
    }

    [Fact]
    public void Accepted_or_rejected_it_is_closed_for_good()
    {
        var accepted = Assigned();
        accepted.Accept(Now.AddMinutes(5));
        Assert.Equal((HandoffStatus.Accepted, Now.AddMinutes(5), (DateTimeOffset?)null), (accepted.Status, accepted.AcceptedAt, accepted.DueAt));
        Assert.Throws<InvalidOperationException>(() => accepted.Reject("too late", Now));
        Assert.Throws<InvalidOperationException>(() => accepted.Remind(Now));

        var rejected = Assigned();
        rejected.Reject(new string('r', 2000), Now);
        Assert.Equal(HandoffStatus.Rejected, rejected.Status);
        Assert.Equal(SalesHandoff.RejectReasonLength, rejected.RejectReason!.Length);
        Assert.Throws<InvalidOperationException>(() => rejected.Accept(Now));
    }
}
