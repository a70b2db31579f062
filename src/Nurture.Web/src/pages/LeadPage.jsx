import { LeadDetail } from '../components/LeadDetail.jsx';
import { Link } from '../router.js';

export function LeadPage({ id }) {
  return (
    <>
      <p><Link to="/leads">← Leads</Link></p>
      <h1>Lead</h1>
      <LeadDetail id={id} />
    </>
  );
}
