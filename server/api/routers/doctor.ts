// Doctor: what this machine has for lb-web (the /doctor page and `lb-web doctor`).
import 'server-only';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { runDoctor } from '@/server/doctor/doctor';

export const doctorRouter = createTRPCRouter({
  check: publicProcedure.query(() => runDoctor()),
});
