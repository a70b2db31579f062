import { LeadDetail } from '../components/LeadDetail';
import { Link } from '../router';

export function LeadPage({ id }: { id: string }) {
  return (
    <>
      <p><Link to="/leads">← Leads</Link></p>
      <h1>Lead</h1>
      <LeadDetail id={id} />
    </>
  );
}
