import { PageHeader } from '../components/PageHeader';
import { ShortcutsList } from '../components/shell/ShortcutsList';

/** `#/shortcuts`: where the Help menu's "Keyboard shortcuts" and the palette's entry lead. */
export function ShortcutsPage() {
  return (
    <>
      <PageHeader title="Keyboard shortcuts" subtitle="Everything in Berth can be reached without the mouse." />
      <div className="px-6 py-4">
        <ShortcutsList />
      </div>
    </>
  );
}
