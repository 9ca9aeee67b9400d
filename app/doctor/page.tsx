// /doctor: what this machine has for lb-web, with the fix for each missing piece.
import { DoctorPanel } from '@/components/doctor/doctor-panel';

export const metadata = { title: 'Doctor · lb-web' };

export default function DoctorPage() {
  return <DoctorPanel />;
}
