using Nurture.Core.Leads;

namespace Nurture.Core.Tests.Leads;

/// <summary>
/// What the lead itself guards: a suppression is for good and keeps its first time; a confirmation is only
/// asked of a lead who may still be mailed, and only a pending one can be confirmed.
/// </summary>
public sealed class LeadStateTests
{
    private static readonly DateTimeOffset First = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = First.AddDays(30);

    [Fact]
    public void Each_suppression_is_recorded_once_at_its_first_time()
    {
        var lead = new Lead { Email = "a@example.com" };

        Assert.True(lead.Unsubscribe(First));
        Assert.False(lead.Unsubscribe(Later));
        Assert.True(lead.MarkHardBounced(First));
        Assert.False(lead.MarkHardBounced(Later));
        Assert.True(lead.MarkComplained(First));
        Assert.False(lead.MarkComplained(Later));

        Assert.Equal((First, First, First), (lead.UnsubscribedAt, lead.HardBouncedAt, lead.ComplainedAt));
        Assert.False(lead.CanReceiveMarketing);
    }

    [Fact]
    public void A_merged_duplicate_passes_on_its_opt_out_and_complaint_but_not_its_bounce()
    {
        var survivor = new Lead { Email = "jane@work.example" };
        var duplicate = new Lead { Email = "jane@old.example" };
        duplicate.Unsubscribe(First);
        duplicate.MarkComplained(First);
        duplicate.MarkHardBounced(First);

        survivor.KeepOptOutsOf(duplicate);

        Assert.Equal((First, First), (survivor.UnsubscribedAt, survivor.ComplainedAt));
        Assert.Null(survivor.HardBouncedAt);
    }

    [Fact]
    public void Only_a_pending_opt_in_is_confirmed_and_none_is_asked_after_an_opt_out()
    {
        var lead = new Lead { Email = "b@example.com" };
        Assert.False(lead.ConfirmOptIn()); // nothing was asked

        Assert.True(lead.RequestOptIn());
        Assert.False(lead.CanReceiveMarketing);
        Assert.True(lead.ConfirmOptIn());
        Assert.Equal(OptInStatus.Confirmed, lead.OptIn);
        Assert.False(lead.ConfirmOptIn()); // a second click changes nothing

        var optedOut = new Lead { Email = "c@example.com" };
        optedOut.Unsubscribe(First);
        Assert.False(optedOut.RequestOptIn());
        Assert.Equal(OptInStatus.NotRequired, optedOut.OptIn);
    }
}
