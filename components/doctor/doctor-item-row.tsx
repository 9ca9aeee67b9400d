import type { DoctorItem } from '@/components/ui/api-types';

/** One doctor item: status as text (not colour alone), what was found, and the fix when missing. */
export function DoctorItemRow({ item }: { item: DoctorItem }) {
  const label = item.ok ? 'ok' : item.required ? 'missing' : 'optional';
  const tone = item.ok ? 'badge-ok' : item.required ? 'badge-bad' : 'badge-warn';
  return (
    <tr data-item={item.id} data-ok={item.ok ? 'true' : 'false'}>
      <td>
        <span className={`badge ${tone}`}>{label}</span>
      </td>
      <th scope="row">{item.name}</th>
      <td>
        <div>{item.detail}</div>
        {!item.ok && (
          <div>
            fix: <code>{item.fix}</code>
          </div>
        )}
      </td>
      <td>{item.neededFor}</td>
    </tr>
  );
}
