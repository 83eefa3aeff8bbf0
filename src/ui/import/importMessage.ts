/** The last import message (shown in the import panel; set by the dialog and by the start-up restore). */
import { create } from 'zustand';

export interface ImportMessage {
  kind: 'info' | 'error';
  text: string;
  /** a file the user can download with the message (e.g. facilities a merge skipped) */
  download?: { fileName: string; text: string; label: string };
}

export const useImportMessage = create<{ message: ImportMessage | null; setMessage: (m: ImportMessage | null) => void }>()((set) => ({
  message: null,
  setMessage: (message) => set({ message }),
}));
