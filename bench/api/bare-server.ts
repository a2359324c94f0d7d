// The baseline: a bare Fastify route answering the same JSON as GET /api/v1/me, no auth, no database.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const me = {
  id: 'abc',
  display_name: 'bench',
  type: 'user',
  uri: 'runnel:user:abc',
  href: '/api/v1/users/abc',
  product: 'free',
  role: 'admin',
  username: 'bench',
  images: [],
  followers: { href: null, total: 0 },
};
app.get('/api/v1/me', async () => me);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`open http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
